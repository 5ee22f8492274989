from django.db import migrations

# A dues payment is never deleted, only reversed: the database refuses DELETE.
SQL = """
CREATE OR REPLACE FUNCTION dues_duespayment_no_delete() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '党费缴纳记录不能删除，只能冲正';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER dues_duespayment_no_delete
    BEFORE DELETE ON dues_duespayment
    FOR EACH ROW EXECUTE FUNCTION dues_duespayment_no_delete();
"""
REVERSE = """
DROP TRIGGER IF EXISTS dues_duespayment_no_delete ON dues_duespayment;
DROP FUNCTION IF EXISTS dues_duespayment_no_delete();
"""


class Migration(migrations.Migration):
    dependencies = [("dues", "0002_national_rates")]
    operations = [migrations.RunSQL(SQL, REVERSE)]
