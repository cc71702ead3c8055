/**
 * One problem with an uploaded account file, as the client sees it (contract §6):
 * `record` counts data records from 1 (a header row is not counted) and is null for
 * problems with the file as a whole; `field` names the field (`account`, `amount`,
 * `start_date`, `end_date`, `type`, `description`) or `file`.
 */
export type AccountFileError = {
  record: number | null;
  field: string;
  message: string;
};

/**
 * Thrown inside a reader when the file as a whole cannot be accepted (unreadable, over a
 * limit, malicious). Readers throw it from deep inside parser callbacks so that parsing stops
 * at once; `readAccountFile` turns it into an `AccountFileError` value at the boundary.
 */
export class FileRefusal extends Error {
  override readonly name = "FileRefusal";
}
