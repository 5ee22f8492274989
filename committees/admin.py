# Party data is edited through the app pages and services (scoped and audited), not the
# admin: the system administrator holds no party data (three-role separation).
