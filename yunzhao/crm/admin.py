"""The CRM in the admin site: for looking things up. Changes go through the staff pages, which record
them on the timeline."""

from django.contrib import admin

from .models import Contact, Interaction, Investor


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewing only: every write goes through the actions."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Investor)
class InvestorAdmin(ReadOnlyAdmin):
    list_display = ["name_zh", "name_en", "kind", "country", "industry", "credit_code", "owner_unit"]
    list_filter = ["kind", "industry", "owner_unit"]
    list_select_related = ["owner_unit"]
    search_fields = ["name_zh", "name_en", "credit_code"]


@admin.register(Contact)
class ContactAdmin(ReadOnlyAdmin):
    list_display = ["name", "title", "investor", "consent_given", "consent_at"]
    list_select_related = ["investor"]
    search_fields = ["name", "investor__name_zh"]
    # Personal data: the phone number, e-mail and WeChat stay on the staff pages, shown to writers only.
    exclude = ["phone", "email", "wechat"]


@admin.register(Interaction)
class InteractionAdmin(ReadOnlyAdmin):
    list_display = ["occurred_on", "kind", "round_number", "investor", "project"]
    list_filter = ["kind"]
    list_select_related = ["investor", "project"]
    search_fields = ["investor__name_zh", "summary", "outcome"]
    raw_id_fields = ["investor", "project", "created_by"]
