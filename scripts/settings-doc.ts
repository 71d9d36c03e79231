// `pnpm settings:doc`: prints the README's settings table from the one table in packages/settings.
import { settingsTable } from '@shopspace/settings';

process.stdout.write(`${settingsTable()}\n`);
