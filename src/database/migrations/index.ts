// Every migration in the order it applies; listed explicitly so that the same list runs from src/ and dist/.
import { Migration20261125100000_foundation } from './Migration20261125100000_foundation';
import { Migration20261125110000_csv_sync } from './Migration20261125110000_csv_sync';
import { Migration20261125120000_record_values } from './Migration20261125120000_record_values';
import { Migration20261202100000_engine } from './Migration20261202100000_engine';
import { Migration20261209100000_revert } from './Migration20261209100000_revert';

export const MIGRATIONS = [
  { name: 'Migration20261125100000_foundation', class: Migration20261125100000_foundation },
  { name: 'Migration20261125110000_csv_sync', class: Migration20261125110000_csv_sync },
  { name: 'Migration20261125120000_record_values', class: Migration20261125120000_record_values },
  { name: 'Migration20261202100000_engine', class: Migration20261202100000_engine },
  { name: 'Migration20261209100000_revert', class: Migration20261209100000_revert },
];
