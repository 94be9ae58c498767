"""The database itself keeps the audit log append-only: no UPDATE ever, and DELETE
only inside a transaction that declared itself the retention purge
(`SET LOCAL shortlist.audit_purge = 'on'`, integrations.audit.audit_purge)."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION integrations_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('shortlist.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'The audit log is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER integrations_audit_append_only
BEFORE UPDATE OR DELETE ON integrations_auditentry
FOR EACH ROW EXECUTE FUNCTION integrations_audit_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS integrations_audit_append_only ON integrations_auditentry;
DROP FUNCTION IF EXISTS integrations_audit_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("integrations", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
