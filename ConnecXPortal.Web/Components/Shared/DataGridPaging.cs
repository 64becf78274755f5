using MudBlazor;

namespace ConnecXPortal.Web.Components.Shared;

public static class DataGridPaging
{
    /// <summary>
    /// Shows the first page of rows for new search terms or filters: reloads it when the grid is on it already,
    /// otherwise goes to it (which reloads by itself, so the server is asked once).
    /// </summary>
    public static async Task ReloadFromFirstPageAsync<T>(this MudDataGrid<T>? grid)
    {
        if (grid is null)
        {
            return;
        }

        if (grid.CurrentPage == 0)
        {
            await grid.ReloadServerData();
        }
        else
        {
            grid.NavigateTo(Page.First);
        }
    }
}
