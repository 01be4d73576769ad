from yunzhao.reach.choices import METRICS, ChannelLevel
from yunzhao.reach.selectors import publications_for, reach_as_of, reach_by_event, totals_by_level

from .conftest import at, make_channel, publish, snap


def test_reach_by_event_and_by_level_agree_with_reach_as_of(event, lixia_event, campaign, media_editor,
                                                             django_assert_num_queries):
    # given two events of the campaign on channels of three levels, and a campaign publication
    central = make_channel(media_editor, "xinhua", level=ChannelLevel.CENTRAL)
    city = make_channel(media_editor, "ijinan", level=ChannelLevel.CITY)
    district = make_channel(media_editor, "lixia-rongmei", level=ChannelLevel.DISTRICT)
    for ev, hours in ((event, 0), (lixia_event, 24)):
        for i, channel in enumerate((central, city, district)):
            pub = publish(media_editor, channel, event=ev, hours=hours)
            snap(media_editor, pub, hours + 1, reads=100 * (i + 1), followers=i)
            snap(media_editor, pub, hours + 30, reads=1000 * (i + 1), followers=10 * i)
    publish(media_editor, city, campaign=campaign, hours=-1)  # no figures yet
    moment = at(40)
    # when
    with django_assert_num_queries(1):
        per_event = reach_by_event(campaign, moment)
    by_level = totals_by_level(publications_for(campaign=campaign), moment)
    # then
    for ev in (event, lixia_event):
        expected = reach_as_of(publications_for(event=ev), moment)
        got = per_event[ev.pk]
        assert (got.totals, got.media, got.publications_without_snapshot) == (
            expected.totals, expected.media, expected.publications_without_snapshot)
    whole = reach_as_of(publications_for(campaign=campaign), moment)
    assert {m: sum(level[m] for level in by_level.values()) for m in METRICS} == whole.totals
    assert by_level[ChannelLevel.CENTRAL]["reads"] == 1000 + 100
    assert whole.incomplete and whole.publications == 7
