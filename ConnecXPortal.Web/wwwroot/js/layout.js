// The portal layout's drawer: open by default from MudBlazor's "md" breakpoint up (the width its CSS uses).
window.cxLayout = {
    isWide: () => window.matchMedia("(min-width: 960px)").matches,
};
