"""评前公示 per plan (issue 21): plans made before the rule keep running without it; new plans have it on."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalog", "0006_plan_paper_first")]

    operations = [
        migrations.AddField(
            model_name="evaluationplan",
            name="pre_evaluation_notice",
            field=models.BooleanField(default=False, verbose_name="评前公示"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="evaluationplan",
            name="pre_evaluation_notice",
            field=models.BooleanField(
                default=True,
                help_text="人事管理单位报送前须将申报人的申报信息公示不少于 5 个工作日，期满无异议后方可报送",
                verbose_name="评前公示",
            ),
        ),
    ]
