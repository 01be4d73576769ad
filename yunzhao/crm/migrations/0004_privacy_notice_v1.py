"""The first privacy notice, so that the public interest form works on a new installation."""

from django.db import migrations

TEXT_ZH = (
    "济南市投资促进局及各区县、园区招商部门（以下简称“我们”）收集您在本网站填写的姓名、单位、国家或地区、"
    "联系方式和留言，仅用于答复您的投资咨询、安排洽谈和视频会议。\n\n"
    "我们只把这些信息交给负责您所登记页面的招商部门，不出售、不公开，也不提供给其他第三方。\n\n"
    "信息在咨询办结后保存三年。您可以随时通过页面所列的办公电话或邮箱要求查阅、更正或删除您的信息。\n\n"
    "为了解推介效果，我们记录您通过哪个渠道（链接中的 src 标记）和哪位推荐人（ref 标记）访问本网站，"
    "并用 Cookie 保存 30 天；这些标记不包含您的个人信息。"
)
TEXT_EN = (
    "The Jinan Investment Promotion Bureau and the investment offices of its districts, counties and zones "
    "(\"we\") collect the name, organisation, country or region, contact details and message you enter on "
    "this site only to answer your enquiry and to arrange talks and video meetings.\n\n"
    "We pass them only to the investment office responsible for the page you registered on. We never sell "
    "or publish them, nor give them to any other third party.\n\n"
    "We keep them for three years after your enquiry is closed. You may ask to see, correct or delete them "
    "at any time through the office phone or email shown on our pages.\n\n"
    "To measure our promotion, we record which channel (the src tag in a link) and which referrer (the ref "
    "tag) brought you to this site, and keep them in a cookie for 30 days; these tags hold no personal data."
)


def create_notice(apps, schema_editor):
    PrivacyNotice = apps.get_model("crm", "PrivacyNotice")
    PrivacyNotice.objects.get_or_create(version="2025.1", defaults={"text_zh": TEXT_ZH, "text_en": TEXT_EN})


class Migration(migrations.Migration):
    dependencies = [("crm", "0003_leads")]

    operations = [migrations.RunPython(create_notice, migrations.RunPython.noop)]
