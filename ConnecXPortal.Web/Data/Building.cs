namespace ConnecXPortal.Web.Data;

public sealed class Building
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Name { get; set; } = "";

    public string Address { get; set; } = "";

    public string Suburb { get; set; } = "";

    public string State { get; set; } = "";

    public string Postcode { get; set; } = "";

    public List<BuildingManagerAssignment> Managers { get; } = [];

    public List<BuildingNotice> Notices { get; } = [];
}
