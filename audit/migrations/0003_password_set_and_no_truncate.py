from django.db import migrations, models

# The row triggers of 0002 do not fire on TRUNCATE (nor on a TRUNCATE ... CASCADE reaching the
# table from accounts_user): a statement trigger refuses it, so the trail cannot be emptied either.
SQL = """
CREATE OR REPLACE FUNCTION audit_auditevent_no_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '审计记录不可清空';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditevent_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditevent_no_truncate();
"""
REVERSE = """
DROP TRIGGER IF EXISTS audit_auditevent_no_truncate ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_auditevent_no_truncate();
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]
    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[("create", "新增"), ("update", "修改"), ("delete", "删除"), ("move", "移动"),
                         ("dissolve", "撤销"), ("restore", "恢复"), ("export", "导出"), ("import", "导入"),
                         ("reveal", "查看敏感信息"), ("login", "登录成功"), ("login_failed", "登录失败"),
                         ("logout", "退出登录"), ("grant", "授予角色"), ("revoke", "撤销角色"),
                         ("password_set", "设置密码")],
                max_length=20, verbose_name="操作",
            ),
        ),
        migrations.RunSQL(SQL, REVERSE),
    ]
