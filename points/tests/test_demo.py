from linli.demo import generate
from points.models import LedgerEntry, PointsBalance, Redemption, Store
from points.selectors import check_ledger


def test_it_generates_a_consistent_demo(db):
    ctx = generate(scale=0.002, seed=7)
    resident = ctx.data["users"]["resident"]
    assert Store.objects.count() == len(ctx.data["communities"])
    assert LedgerEntry.objects.filter(user=resident).count() > 10
    assert PointsBalance.objects.get(user=resident).balance > 0
    assert Redemption.objects.filter(user=resident, status="reserved").exists()
    assert check_ledger().ok
