// Small browser helpers for the console (no inline scripts: the CSP forbids them).
window.platformConsole = {
    // Saves text as a file the browser downloads (CSV exports).
    download: function (fileName, text) {
        const blob = new Blob([text], { type: "text/csv;charset=utf-8" });
        const url = URL.createObjectURL(blob);
        const link = document.createElement("a");
        link.href = url;
        link.download = fileName;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    },
    copy: function (text) {
        return navigator.clipboard.writeText(text);
    }
};
