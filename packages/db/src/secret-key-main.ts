import { loadMigrateConfig } from './config.ts';
import { createDatabase } from './database.ts';
import { storedSecretKey } from './installation.ts';

/**
 * `pnpm secret-key`: prints the key an installation that ran without SECRET_KEY kept in its
 * database, as the line `SECRET_KEY=base64:…` that SECRET_KEY takes as it is, so that the
 * links already sent keep working after the move. Nothing else goes to stdout, so the line
 * can be appended to a `.env` file.
 */
const config = loadMigrateConfig();
const db = createDatabase(config.databaseUrl, { poolSize: 1, applicationName: 'ambassador-secret-key' });
try {
  const key = await storedSecretKey(db);
  if (key) {
    process.stdout.write(`SECRET_KEY=base64:${key.toString('base64')}\n`);
  } else {
    process.stderr.write('no secret key in the database: this installation never ran without SECRET_KEY (or has moved already)\n');
    process.exitCode = 1;
  }
} finally {
  await db.destroy();
}
