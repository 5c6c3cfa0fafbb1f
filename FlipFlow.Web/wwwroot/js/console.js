// The console's small browser helpers, loaded on every page after blazor.web.js.
window.flipflow = {
    // The theme toggle's choice, for a year, read by the server on the next request so the first paint has it.
    rememberTheme(name, value) {
        document.cookie = `${name}=${value}; path=/; max-age=31536000; samesite=lax`;
    },
};

// .NET 10's reconnection UI (Components/Shared/ReconnectModal.razor): blazor.web.js puts a
// components-reconnect-<state> class on the dialog and raises components-reconnect-state-changed.
(() => {
    const modal = document.getElementById("components-reconnect-modal");
    if (!modal) {
        return;
    }
    const retryWhenVisible = async () => {
        if (document.visibilityState === "visible") {
            await retry();
        }
    };
    async function retry() {
        document.removeEventListener("visibilitychange", retryWhenVisible);
        try {
            if (await Blazor.reconnect()) {
                return;
            }
            // The server no longer knows the circuit: resume it from its persisted state, or start afresh.
            if (await Blazor.resumeCircuit()) {
                modal.close();
            } else {
                location.reload();
            }
        } catch {
            document.addEventListener("visibilitychange", retryWhenVisible);
        }
    }
    async function resume() {
        try {
            if (!(await Blazor.resumeCircuit())) {
                location.reload();
            }
        } catch {
            location.reload();
        }
    }
    modal.addEventListener("components-reconnect-state-changed", event => {
        switch (event.detail.state) {
            case "show":
                if (!modal.open) {
                    modal.showModal();
                }
                break;
            case "hide":
                modal.close();
                break;
            case "failed":
                document.addEventListener("visibilitychange", retryWhenVisible);
                break;
            case "rejected":
                location.reload();
                break;
        }
    });
    document.getElementById("components-reconnect-button")?.addEventListener("click", retry);
    document.getElementById("components-resume-button")?.addEventListener("click", resume);
})();
