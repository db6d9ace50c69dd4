# The topic without accents, stored, for the topic filters (speeches.search.filters).

import speeches.models.folding
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('speeches', '0017_council_status'),
    ]

    operations = [
        migrations.AddField(
            model_name='debate',
            name='topic_folded',
            field=models.GeneratedField(db_persist=True, expression=speeches.models.folding.Fold(models.F('topic')), output_field=models.TextField()),
        ),
    ]
