from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, Unit, User


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "kind", "gb_code", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_zh", "name_en", "gb_code"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "role", "unit", "is_active"]
    list_filter = ["role", "unit", "is_active"]
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Role and unit"), {"fields": ("role", "unit", "display_name")}))


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
