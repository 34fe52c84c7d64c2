// Enhances the server-rendered pages with GOV.UK Frontend's components. The pages work without it. A file of its own
// (the Content-Security-Policy allows no inline script); only browsers that run modules get here.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
