// Builds the portal's assets into ../wwwroot: the branded stylesheet (Sass, compressed) and GOV.UK Frontend's
// script as published. Run through scripts/build-portal-assets.sh; the output is committed.
import { compile, NodePackageImporter } from "sass";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "wwwroot");
const frontend = JSON.parse(readFileSync(join(here, "node_modules/govuk-frontend/package.json"), "utf8"));
const sass = JSON.parse(readFileSync(join(here, "node_modules/sass/package.json"), "utf8"));

mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "js"), { recursive: true });

const css = compile(join(here, "portal.scss"), {
  style: "compressed",
  importers: [new NodePackageImporter()],
  quietDeps: true,
});
writeFileSync(join(out, "css", "portal.min.css"), css.css + "\n");
copyFileSync(join(here, "node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js"), join(out, "js", "govuk-frontend.min.js"));
writeFileSync(
  join(out, "VERSIONS.txt"),
  `govuk-frontend ${frontend.version}\nsass ${sass.version}\nBuilt by scripts/build-portal-assets.sh from host/EGov.Portal/assets.\n`,
);
console.log(`portal.min.css ${css.css.length} bytes (govuk-frontend ${frontend.version}, sass ${sass.version})`);
