from django.contrib import admin

from .models import Redirect


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "new_path", "hits", "last_hit_at", "note"]
    search_fields = ["old_path", "new_path"]
    readonly_fields = ["hits", "last_hit_at", "created_at"]
    ordering = ["old_path"]
