// Builds public/assets: the council stylesheet (GOV.UK Frontend compiled with system fonts)
// and GOV.UK Frontend's JavaScript. Run by `npm run build` (and so by `npm install`).
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as sass from 'sass';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'public', 'assets');
mkdirSync(out, { recursive: true });

const result = sass.compile(path.join(root, 'src/web/styles/application.scss'), {
  loadPaths: [path.join(root, 'node_modules')],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import'],
});
if (/GDS Transport/.test(result.css)) throw new Error('The stylesheet must not use the GDS Transport typeface');
writeFileSync(path.join(out, 'application.css'), result.css);
copyFileSync(path.join(root, 'node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js'), path.join(out, 'govuk-frontend.min.js'));
copyFileSync(path.join(root, 'src/web/styles/favicon.svg'), path.join(out, 'favicon.svg'));
copyFileSync(path.join(root, 'src/web/scripts/application.js'), path.join(out, 'application.js'));
