import { render } from "solid-js/web";
import "./ui/styles.css";
import { App } from "./App";
import { registerServiceWorker } from "./lib/service-worker";
import { applyTheme } from "./lib/theme";

applyTheme();
render(() => <App />, document.getElementById("root")!);
registerServiceWorker();
