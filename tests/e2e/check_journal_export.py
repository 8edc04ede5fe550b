#!/usr/bin/env python3
"""Checks a `posctl export-journal` directory the way an auditor would, with
nothing of tillstream's code: every file's SHA-256 and entry count against
manifest.json, then every till's chain recomputed from its entries
(entry_hash = SHA-256(previous hash bytes || seq || LF || payload)), gapless
from 1 to the manifest's head. Prints "ok" or what is wrong."""
import hashlib
import json
import sys
from collections import defaultdict


def main(directory):
    with open(f"{directory}/manifest.json") as f:
        manifest = json.load(f)
    chains = defaultdict(list)
    for entry in manifest["files"]:
        data = open(f"{directory}/{entry['name']}", "rb").read()
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            return f"{entry['name']}: SHA-256 differs from the manifest"
        lines = data.decode().splitlines()
        if len(lines) != entry["entries"]:
            return f"{entry['name']}: {len(lines)} lines, manifest says {entry['entries']}"
        for line in lines:
            e = json.loads(line)
            if e["payload"]["record"] != entry["record"]:
                return f"{entry['name']}: a {e['payload']['record']} entry"
            # The payload was written verbatim: take its exact bytes back.
            raw = line[line.index('"payload":') + len('"payload":'):-1]
            chains[(e["store_id"], e["till_id"])].append((e["seq"], raw, e["entry_hash"]))
    heads = {(t["store_id"], t["till_id"]): t for t in manifest["tills"]}
    if set(heads) != set(chains):
        return "the manifest's tills are not the tills of the entries"
    for till, entries in chains.items():
        entries.sort()
        prev = bytes(32)
        for n, (seq, payload, entry_hash) in enumerate(entries, start=1):
            if seq != n:
                return f"till {till}: entry {n} missing"
            digest = hashlib.sha256(prev + str(seq).encode() + b"\n" + payload.encode())
            if digest.hexdigest() != entry_hash:
                return f"till {till}: entry {seq} does not match its hash"
            prev = digest.digest()
        head = heads[till]
        if head["head_seq"] != len(entries) or head["head_hash"] != entries[-1][2]:
            return f"till {till}: the manifest's head is not the last entry"
    return "ok"


if __name__ == "__main__":
    print(main(sys.argv[1]))
