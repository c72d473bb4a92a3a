// `npm start` builds the web app once, when there is no build yet.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

if (!existsSync(new URL('../web/dist/index.html', import.meta.url))) {
  if (existsSync(new URL('../web/index.html', import.meta.url))) {
    console.log('Building the web app once (web/dist is missing)…');
    execSync('npm run build -w web', { stdio: 'inherit' });
  }
}
