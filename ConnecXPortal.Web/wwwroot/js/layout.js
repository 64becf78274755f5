// The portal layout's drawer: open by default from MudBlazor's "md" breakpoint up (the width its CSS uses).
window.cxLayout = {
    isWide: () => window.matchMedia("(min-width: 960px)").matches,
};

// Buttons marked data-cx-print print the page. One listener on the document, so it also serves buttons rendered
// later; the Content Security Policy allows no inline onclick handlers.
document.addEventListener('click', event => {
    if (event.target instanceof Element && event.target.closest('[data-cx-print]')) {
        window.print();
    }
});
