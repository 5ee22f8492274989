from rest_framework import serializers


class TokenRequestSerializer(serializers.Serializer):
    """What a script sends to get a token; `otp` is required of accounts with two-factor login."""

    username = serializers.CharField(label="用户名", max_length=150)
    password = serializers.CharField(label="密码", max_length=128, style={"input_type": "password"},
                                     trim_whitespace=False, write_only=True)
    otp = serializers.CharField(label="动态码", max_length=10, required=False, default="",
                                help_text="已启用双因素认证的账号必填：身份验证器上当前的 6 位动态码")
    name = serializers.CharField(label="令牌名称", max_length=50, required=False, default="通过接口生成",
                                 help_text="如“数据对接”，显示在“我的账号”页的令牌列表中")


class IssuedTokenSerializer(serializers.Serializer):
    token = serializers.CharField(label="令牌（只显示这一次）")
    name = serializers.CharField(label="令牌名称")
    prefix = serializers.CharField(label="前缀")
    expires_at = serializers.DateTimeField(label="到期时间")
