namespace ConnecXPortal.Web.Data;

/// <summary>A notice a building's residents see on their home page.</summary>
public sealed class BuildingNotice
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid BuildingId { get; set; }

    public Building Building { get; set; } = null!;

    public string Title { get; set; } = "";

    public string Body { get; set; } = "";

    public DateTimeOffset PublishedAt { get; set; }
}
