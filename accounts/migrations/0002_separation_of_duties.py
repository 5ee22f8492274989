from django.db import migrations

# 三员分立 in the database, whatever path writes the row (admin, shell, a future view):
# an active assignment is refused when it is granted by its own holder, or when the holder has
# another active role and one of the two is the system administrator or the auditor. The
# holder's user row is locked first, so two concurrent grants to one account are serialized.
SQL = """
CREATE OR REPLACE FUNCTION accounts_roleassignment_separation() RETURNS trigger AS $$
BEGIN
    IF NOT NEW.is_active THEN
        RETURN NEW;
    END IF;
    IF NEW.granted_by_id IS NOT NULL AND NEW.granted_by_id = NEW.user_id THEN
        RAISE EXCEPTION '不能给自己的账号授予角色' USING ERRCODE = 'check_violation';
    END IF;
    PERFORM 1 FROM accounts_user WHERE id = NEW.user_id FOR UPDATE;
    IF EXISTS (
        SELECT 1 FROM accounts_roleassignment o
        WHERE o.user_id = NEW.user_id AND o.is_active AND o.id IS DISTINCT FROM NEW.id
          AND o.role <> NEW.role
          AND (o.role IN ('sysadmin', 'auditor') OR NEW.role IN ('sysadmin', 'auditor'))
    ) THEN
        RAISE EXCEPTION '三员分立：系统管理员、审计员不能与其他角色由同一账号兼任' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_roleassignment_separation
    BEFORE INSERT OR UPDATE ON accounts_roleassignment
    FOR EACH ROW EXECUTE FUNCTION accounts_roleassignment_separation();
"""
REVERSE = """
DROP TRIGGER IF EXISTS accounts_roleassignment_separation ON accounts_roleassignment;
DROP FUNCTION IF EXISTS accounts_roleassignment_separation();
"""


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunSQL(SQL, REVERSE)]
