/**
 * An error the test server reports to the client as an ERROR token, with SQL Server's own
 * message number (208 invalid object, 207 invalid column, 18456 login failed, ...).
 */
export class ServerError extends Error {
  constructor(
    readonly number: number,
    message: string,
    readonly severity = 16,
    readonly state = 1,
  ) {
    super(message);
  }
}
