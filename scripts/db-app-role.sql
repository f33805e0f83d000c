-- The application's runtime role: reads and writes the data, cannot alter the schema, and can
-- only append to the audit log. Run by the DBA as the owner of the database's tables, after
-- `npm run migration:run` (run by the owner), and again after each upgrade that adds tables.
-- psql -v app_role=cbr_app -f scripts/db-app-role.sql "$OWNER_DATABASE_URL"
GRANT USAGE ON SCHEMA public TO :"app_role";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app_role";
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO :"app_role";
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM :"app_role";
