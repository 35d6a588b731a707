/**
 * PostgreSQL for every shape: one Flyway per owner of tables ({@link dev.sandstone.platform.postgres.SchemaMigrations}),
 * and the local default's embedded real PostgreSQL with what makes it survive crashes: a postmaster left behind by a
 * service that died is found and stopped before the next start ({@code LeftoverPostmaster}), and a watchdog process
 * stops the postmaster when the service dies ({@code PostmasterWatchdog}). See docs/operations.md, "Crash recovery".
 */
package dev.sandstone.platform.postgres;
