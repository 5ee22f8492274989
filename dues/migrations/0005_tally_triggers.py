from django.db import migrations

# The dues tally (DuesTally) is kept by the database: statement-level triggers with
# transition tables fold every INSERT or UPDATE of payments into the per branch, member
# and year figures within the same statement (one aggregate per statement, so a COPY of
# millions of rows costs one grouped upsert). Payments are never deleted (0003).
SQL = """
CREATE OR REPLACE FUNCTION dues_tally_fold() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO dues_duestally (organization_id, member_id, year, collected, live_months)
        SELECT organization_id, member_id, extract(year FROM month)::int, sum(amount),
               count(*) FILTER (WHERE entry = 'payment' AND NOT is_reversed)
        FROM new_rows GROUP BY 1, 2, 3
        ON CONFLICT (organization_id, member_id, year) DO UPDATE
            SET collected = dues_duestally.collected + EXCLUDED.collected,
                live_months = dues_duestally.live_months + EXCLUDED.live_months;
    ELSE
        INSERT INTO dues_duestally (organization_id, member_id, year, collected, live_months)
        SELECT organization_id, member_id, year, sum(amount), sum(live)
        FROM (
            SELECT organization_id, member_id, extract(year FROM month)::int AS year, amount,
                   (entry = 'payment' AND NOT is_reversed)::int AS live
            FROM new_rows
            UNION ALL
            SELECT organization_id, member_id, extract(year FROM month)::int, -amount,
                   -(entry = 'payment' AND NOT is_reversed)::int
            FROM old_rows
        ) delta
        GROUP BY 1, 2, 3
        ON CONFLICT (organization_id, member_id, year) DO UPDATE
            SET collected = dues_duestally.collected + EXCLUDED.collected,
                live_months = dues_duestally.live_months + EXCLUDED.live_months;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER dues_tally_insert AFTER INSERT ON dues_duespayment
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dues_tally_fold();
CREATE TRIGGER dues_tally_update AFTER UPDATE ON dues_duespayment
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dues_tally_fold();

-- what was recorded before the triggers existed
INSERT INTO dues_duestally (organization_id, member_id, year, collected, live_months)
SELECT organization_id, member_id, extract(year FROM month)::int, sum(amount),
       count(*) FILTER (WHERE entry = 'payment' AND NOT is_reversed)
FROM dues_duespayment GROUP BY 1, 2, 3;
"""
REVERSE = """
DROP TRIGGER IF EXISTS dues_tally_insert ON dues_duespayment;
DROP TRIGGER IF EXISTS dues_tally_update ON dues_duespayment;
DROP FUNCTION IF EXISTS dues_tally_fold();
DELETE FROM dues_duestally;
"""


class Migration(migrations.Migration):
    dependencies = [("dues", "0004_tally")]
    operations = [migrations.RunSQL(SQL, REVERSE)]
