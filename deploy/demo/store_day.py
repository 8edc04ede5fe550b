#!/usr/bin/env python3
"""Generates a scripted store day for the demo and the end-to-end test.

Writes into OUT_DIR:
  catalog.csv          the org's catalog (a few hundred items, some weighed)
  customers.csv        name,mobile,email
  till-<store>-<till>.txt   what each till's scanner and cashier type
  web/invoice.txt      the web shop's invoice (see ts_web_day in deploy/lib.sh)
  web/purchase-*.json  a web order and its partial refund, as an ERP sends them
  staff.csv            the cashiers (one per till) and a supervisor, with demo PINs
  expected.json        per till: bills and total in minor units, and the
                       day's loyalty figures, computed here independently of
                       the server (half-up rounding, 1 point per 1.00 rounded
                       down, the demo rules of deploy/lib.sh)
Deterministic for a given --seed.
"""
import argparse
import datetime
import json
import os
import random


def half_up_div(n, d):
    """round(n / d), halves away from zero, integers only."""
    q, r = divmod(abs(n), d)
    if 2 * r >= d:
        q += 1
    return q if n >= 0 else -q


WORDS = ["Milk", "Bread", "Butter", "Cheese", "Apples", "Bananas", "Coffee", "Tea",
         "Pasta", "Rice", "Tomatoes", "Onions", "Yoghurt", "Juice", "Water", "Chocolate",
         "Cereal", "Eggs", "Ham", "Salmon", "Olive oil", "Flour", "Sugar", "Salt"]


def make_catalog(rng, n_items):
    items = []
    for i in range(n_items):
        weighed = i % 10 == 0
        name = f"{rng.choice(WORDS)} {'loose' if weighed else rng.choice(['1L', '500g', 'pack', 'jar', 'box'])} #{i}"
        price = rng.randint(49, 2999)
        tax = rng.choice(["7", "19"])
        barcode = f"40{i:011d}"
        items.append({"sku": f"SKU{i:05d}", "name": name, "price": price, "tax": tax,
                      "unit": "kg" if weighed else "each", "barcode": barcode})
    return items


def fmt(minor):
    return f"{minor // 100}.{minor % 100:02d}"


def special_bills(items, lines_out):
    """Bills that exercise the org's rules (see ts_set_demo_rules). Returns
    the bills stored and their total: the outlier is stored, the duplicate is
    not, the sale rung in error is stored and then voided (DELETED)."""
    item = items[1]
    lines_out += [
        "# a hand-written number that this till already used: refused as a duplicate",
        "billno t01-000001", item["barcode"], "pay card",
        "# a training bill: its number prefix makes it an OUTLIER",
        "billno TRN-0001", item["barcode"], "pay cash",
        "# a sale rung in error: the supervisor voids it with the PIN",
        item["barcode"], "pay cash",
        f"voidbill last {SUPERVISOR[0]} {SUPERVISOR[2]} rung in error",
    ]
    return 2, 2 * item["price"]


def outlier(total):
    """The demo rules flag totals below 0.50 or above 2000.00."""
    return total < 50 or total > 200000


def earned(total):
    """Points a sale to a customer earns: one per 1.00, none for an OUTLIER."""
    return 0 if outlier(total) else total // 100


def make_till_script(rng, items, customers, bills):
    lines_out = ["# scripted store day"]
    expected_total = 0
    expected_bills = 0
    stored_totals = []  # in the order the till numbers them
    stored_points = []  # what each of them earned; None: no customer on it
    for b in range(bills):
        lines = []  # (line_no, amount)
        next_no = 1
        lines_out.append(f"# bill {b + 1}")
        has_customer = rng.random() < 0.3
        if has_customer:
            lines_out.append(f"customer {rng.choice(customers)[1]}")
        for _ in range(rng.randint(1, 8)):
            item = rng.choice(items)
            if item["unit"] == "kg":
                qty = rng.randint(150, 2500)  # grams
                lines_out.append(f"qty {qty // 1000}.{qty % 1000:03d}")
            elif rng.random() < 0.2:
                qty = rng.randint(2, 5) * 1000
                lines_out.append(f"qty {qty // 1000}")
            else:
                qty = 1000
            lines_out.append(item["barcode"])
            lines.append((next_no, half_up_div(item["price"] * qty, 1000)))
            next_no += 1
            if rng.random() < 0.05:
                lines_out.append("4999999999999")  # not in the catalog: refused, no line
        if len(lines) > 1 and rng.random() < 0.15:
            victim = rng.choice(lines)
            lines_out.append(f"void {victim[0]}")
            lines.remove(victim)
        total = sum(a for _, a in lines)
        if rng.random() < 0.05:
            lines_out.append("cancel")
            continue
        r = rng.random()
        if r < 0.45:
            lines_out.append("pay card")
        elif r < 0.85:
            rounded = ((total + 999) // 1000) * 1000  # next 10.00
            lines_out.append(f"pay cash {fmt(rounded)}")
        else:
            part = total // 2
            if part > 0:
                lines_out.append(f"pay voucher {fmt(part)}")
            lines_out.append("pay cash")
        expected_total += total
        expected_bills += 1
        stored_totals.append(total)
        stored_points.append(earned(total) if has_customer else None)
    return lines_out, expected_bills, expected_total, stored_totals, stored_points


def returns(store, till, stored_totals, stored_points, lines_out, loyalty):
    """Returns of this till's own earlier sales, found by number; returns
    the number of return bills stored and their (negative) total. A return
    of a customer's sale takes back its points in proportion."""
    full = 2  # the second sale goes back whole
    partial = next(i for i in range(4, len(stored_totals) + 1) if stored_totals[i - 1] >= 500)
    for sale, refunded in ((full, stored_totals[full - 1]), (partial, 500)):
        points = stored_points[sale - 1]
        if points is not None:
            loyalty["customer_bills"] += 1  # the return belongs to the customer too
            loyalty["points_reversed"] += half_up_div(points * refunded,
                                                      stored_totals[sale - 1])
    lines_out += [
        f"# the customer brings back everything of sale {full}",
        f"return {store}:{till}-{full:06d}:today full",
        "# returns need the supervisor's PIN (the org requires cashiers)",
        f"supervisor {SUPERVISOR[0]} {SUPERVISOR[2]} customer return", "refund cash",
        f"# and 5.00 of sale {partial}",
        f"return {store}:{till}-{partial:06d}:today amount 5.00",
        f"supervisor {SUPERVISOR[0]} {SUPERVISOR[2]} partial return", "refund card",
        "# sale 2 again: refused, it was returned in full",
        f"return {store}:{till}-{full:06d}:today full",
    ]
    return 2, -stored_totals[full - 1] - 500


def loyalty_bills(items, lines_out, loyalty):
    """Loyalty at one till: points paid, a coupon, a bill tagged afterwards, an
    enrolment at the till (see ts_set_demo_loyalty). Returns bills, total."""
    item = next(it for it in items if it["unit"] == "each" and it["price"] >= 500)
    p = item["price"]
    lines_out += [
        "# Customer 0 pays 2.00 with welcome points",
        "customer +4915100000000", item["barcode"], "points 200", "pay card",
        "# Customer 1's spring coupon pays 2.00",
        "customer +4915100000001", item["barcode"], "coupon SPRING-0001", "pay cash",
        "# an anonymous sale; the customer shows the app afterwards",
        item["barcode"], "pay card", "tag last +4915100000002",
        "# a walk-in enrols at the till",
        "enrol +4915100000999 Walk In", item["barcode"], "pay card",
    ]
    loyalty["points_redeemed"] += 200
    loyalty["coupons_redeemed"] += 1
    loyalty["coupon_amount_minor"] += 200
    loyalty["bills_tagged"] += 1
    loyalty["customer_bills"] += 4
    loyalty["points_earned"] += 2 * ((p - 200) // 100) + 2 * (p // 100)
    return 4, 4 * p


def apportion(total, weights):
    """Largest-remainder shares of total by weights (earlier first on ties)."""
    whole = sum(weights)
    parts = [total * w // whole for w in weights]
    order = sorted(range(len(weights)), key=lambda i: -(total * weights[i] % whole))
    for i in order[:total - sum(parts)]:
        parts[i] += 1
    return parts


def share(value, part, whole):
    """round(value * part / whole), half up."""
    return (2 * value * part + whole) // (2 * whole)


def web_day(rng, items, out_dir, now):
    """A web invoice (a course with 90 days of access and a book, paid partly
    now and partly in a month; the course is redeemed) and a web order with a
    partial refund recorded from the ERP. Returns the day-summary figures."""
    web = os.path.join(out_dir, "web")
    os.makedirs(web, exist_ok=True)
    course, book = 4900, rng.randint(990, 2990)
    paid = rng.randint(1000, course)
    with open(os.path.join(web, "invoice.txt"), "w") as f:
        f.write(f"COURSE-PY1 Python_basics {fmt(course)} 1 90\n")
        f.write(f"BOOK-7 Python_book {fmt(book)} 1 0\n")
        f.write(f"paid {fmt(paid)}\nscheduled {fmt(course + book - paid)}\n")
    invoices = {"committed": 1, "invoiced_minor": course + book, "paid_minor": paid,
                "scheduled_minor": course + book - paid, "items_redeemed": 1}

    a, b = [it for it in items if it["unit"] == "each" and it["price"] >= 500][:2]
    when = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    money = lambda m: {"minorUnits": str(m), "currency": "EUR"}
    def line(no, it, units, item_disc, sale_share, refunds=None):
        sign = -1 if refunds else 1
        l = {"lineNo": no, "sku": it["sku"], "name": it["name"],
             "quantity": {"milli": str(sign * units * 1000), "unit": "EACH"},
             "unitPrice": money(it["price"]), "extendedPrice": money(sign * units * it["price"]),
             "itemDiscount": money(sign * item_disc), "saleDiscountShare": money(sign * sale_share)}
        if refunds:
            l.update({"isRefund": True, "refundsTransactionId": refunds[0],
                      "refundsLineNo": refunds[1]})
        return l
    def order(txn, lines, email):
        sub = sum(int(l["extendedPrice"]["minorUnits"]) for l in lines if not l.get("isRefund"))
        idisc = sum(int(l["itemDiscount"]["minorUnits"]) for l in lines if not l.get("isRefund"))
        sdisc = sum(int(l["saleDiscountShare"]["minorUnits"]) for l in lines if not l.get("isRefund"))
        refund = sum(int(l["extendedPrice"]["minorUnits"]) - int(l["itemDiscount"]["minorUnits"])
                     - int(l["saleDiscountShare"]["minorUnits"]) for l in lines if l.get("isRefund"))
        net = sub - idisc - sdisc + refund
        body = {"source": "webshop", "externalTransactionId": txn, "storeId": "s001",
                "purchaseTime": when, "channel": "CHANNEL_WEB", "orderType": "delivery",
                "payMethod": "card", "email": email, "subTotal": money(sub),
                "itemDiscount": money(idisc), "saleDiscount": money(sdisc),
                "tax": money(half_up_div(net * 19, 119)), "refundAmount": money(refund),
                "amountPaid": money(net), "pricesIncludeTax": True, "lines": lines}
        return body, net, refund
    # Two of A (0.50 off each line) and one B; 1.00 off the order, shared 0.60 / 0.40.
    sale, sale_paid, _ = order("WEB-1001", [line(1, a, 2, 50, 60), line(2, b, 1, 0, 40)],
                               "customer3@example.com")
    # One A comes back: half its discounts.
    ret, ret_paid, refunded = order("WEB-1001-R1", [line(1, a, 1, 25, 30, ("WEB-1001", 1))], "")
    for name, body in (("purchase-sale.json", sale), ("purchase-refund.json", ret)):
        with open(os.path.join(web, name), "w") as f:
            json.dump(body, f, indent=2)
    nets = [2 * a["price"] - 110, b["price"] - 40]
    earned = apportion(sum(nets) // 100, nets)
    purchases = {"purchases": 2, "with_refunds": 1, "customer_purchases": 1,
                 "paid_minor": sale_paid + ret_paid, "refunded_minor": refunded,
                 "points_earned": sum(earned),
                 "points_reversed": share(earned[0], 1000, 2000)}
    return invoices, purchases


# The demo's staff: one cashier per till (id, name, PIN) and a supervisor.
# Demo PINs, written in the till scripts as a cashier would type them.
SUPERVISOR = ("sup1", "Sam Supervisor", "246810")


def cashier_of(store, till):
    return (f"c-{store}-{till}", f"Cashier {store}/{till}",
            f"{1000 + 7 * int(store[1:]) + int(till[1:]):04d}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out_dir")
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--items", type=int, default=300)
    ap.add_argument("--bills", type=int, default=25, help="bills per till")
    ap.add_argument("--tills", default="s001:t01,s001:t02,s002:t01,s002:t02")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out_dir, exist_ok=True)

    items = make_catalog(rng, args.items)
    with open(os.path.join(args.out_dir, "catalog.csv"), "w") as f:
        f.write("sku,name,price,tax_percent,unit,barcodes\n")
        for it in items:
            f.write(f'{it["sku"]},"{it["name"]}",{fmt(it["price"])},{it["tax"]},{it["unit"]},{it["barcode"]}\n')

    customers = [(f"Customer {i}", f"+4915100000{i:03d}", f"customer{i}@example.com")
                 for i in range(20)]
    with open(os.path.join(args.out_dir, "customers.csv"), "w") as f:
        for c in customers:
            f.write(",".join(c) + "\n")

    with open(os.path.join(args.out_dir, "staff.csv"), "w") as f:
        for spec in args.tills.split(","):
            store, till = spec.split(":")
            cid, name, pin = cashier_of(store, till)
            f.write(f"{cid},{name},cashier,{pin}\n")
        f.write(f"{SUPERVISOR[0]},{SUPERVISOR[1]},supervisor,{SUPERVISOR[2]}\n")

    expected = {}
    loyalty = {k: 0 for k in ("points_earned", "points_redeemed", "points_reversed",
                              "coupons_redeemed", "coupon_amount_minor", "customer_bills",
                              "bills_tagged")}
    for spec in args.tills.split(","):
        store, till = spec.split(":")
        script, n_bills, total, stored_totals, stored_points = make_till_script(
            rng, items, customers, args.bills)
        for sale_total, points in zip(stored_totals, stored_points):
            if points is not None:
                loyalty["points_earned"] += points
                loyalty["customer_bills"] += not outlier(sale_total)
        if store == "s001" and till == "t02":
            extra_bills, extra_total = returns(store, till, stored_totals, stored_points,
                                               script, loyalty)
            n_bills += extra_bills
            total += extra_total
        if store == "s002" and till == "t02":
            extra_bills, extra_total = loyalty_bills(items, script, loyalty)
            n_bills += extra_bills
            total += extra_total
        if store == "s001" and till == "t01":
            extra_bills, extra_total = special_bills(items, script)
            n_bills += extra_bills
            total += extra_total
        cid, _, pin = cashier_of(store, till)
        script = [f"signin {cid} {pin}"] + script + ["signout"]
        with open(os.path.join(args.out_dir, f"till-{store}-{till}.txt"), "w") as f:
            f.write("\n".join(script) + "\n")
        expected[f"{store}/{till}"] = {"bills": n_bills, "total_minor": total}
    expected["loyalty"] = loyalty
    expected["invoices"], expected["purchases"] = web_day(
        rng, items, args.out_dir, datetime.datetime.now(datetime.timezone.utc))
    with open(os.path.join(args.out_dir, "expected.json"), "w") as f:
        json.dump(expected, f, indent=2, sort_keys=True)


if __name__ == "__main__":
    main()
