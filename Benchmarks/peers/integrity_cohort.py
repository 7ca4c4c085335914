"""Writes a cohort of N design documents for `assess integrity` (make bench-integrity): the
template's headings in each, the field's common phrases in many, each learner's own prose, and
one paraphrased copy per 50 learners (two words changed per sentence, paragraphs reordered,
headings renamed). Prints the planted pairs to planted.json; `--score OUT` reads
OUT/integrity.json back and prints precision and recall."""
import json, os, random, sys

VOCAB = """order payment catalogue inventory shipping customer account invoice pricing discount cart checkout
service boundary context aggregate entity event command query projection replica partition latency throughput
budget retry timeout circuit breaker fallback saga compensation outbox ledger refund warehouse courier parcel
tracking promotion coupon loyalty review rating search index cache eviction consistency ordering idempotent
duplicate stream topic consumer producer schema version contract gateway route token session identity tenant
region zone failover replay snapshot backlog window threshold alert dashboard metric trace span owner team
deploy rollout canary traffic mesh policy quota limit burst queue worker batch nightly because therefore while
although whenever unless since after before during within across keeps owns publishes consumes rejects accepts
stores forwards splits merges records emits small large slow fast stale fresh strict loose early late separate
shared private public""".split()
COMMON = ["The order service publishes an event when the order is placed.",
          "Each service owns its data and no other service reads its database.",
          "We version the public API in the path and keep the previous version for six months.",
          "The payment service calls the provider with a timeout and a circuit breaker."]
TEMPLATE = "# Service design\n\n## {0}\n\nList each bounded context, what it owns and the team that owns it.\n\n## {1}\n\nDescribe how the contexts relate.\n\n## {2}\n\nExplain how the public API is versioned.\n\n"

def sentence(r):
    return " ".join(r.choice(VOCAB) for _ in range(r.randint(11, 17))).capitalize() + "."

def document(r):
    return [[sentence(r) for _ in range(r.randint(3, 5))] + ([r.choice(COMMON)] if r.random() < 0.33 else []) for _ in range(9)]

def render(paragraphs, headings=("Bounded contexts", "Context map", "API strategy")):
    return TEMPLATE.format(*headings) + "".join(" ".join(p) + "\n\n" for p in paragraphs)

def paraphrase(r, paragraphs):
    out = []
    for p in paragraphs:
        q = []
        for s in p:
            words = s[:-1].split()
            for _ in range(2):
                words[r.randrange(len(words))] = r.choice(VOCAB)
            q.append(" ".join(words) + ".")
        out.append(q)
    r.shuffle(out)
    return out

if sys.argv[1] == "--score":
    planted = {tuple(p) for p in json.load(open(sys.argv[2] + "/planted.json"))}
    found = {tuple(sorted((p["a"], p["b"]))) for p in json.load(open(sys.argv[3] + "/integrity.json"))["pairs"]}
    tp = len(found & planted)
    print(f"planted {len(planted)}, flagged {len(found)}: precision {tp}/{len(found)}, recall {tp}/{len(planted)}")
    sys.exit(0)

root, n = sys.argv[1], int(sys.argv[2])
r = random.Random(42)
docs, planted = [], []
for i in range(n):
    source = None
    if i % 50 == 49 and docs:
        source = r.choice([j for j in range(len(docs)) if j % 50 != 49])  # copy an original
        text = render(paraphrase(r, docs[source]), ("Our contexts", "How they relate", "Versioning the API"))
        docs.append(docs[source])
        planted.append(sorted((f"learner-{source:04d}", f"learner-{i:04d}")))
    else:
        d = document(r)
        docs.append(d)
        text = render(d)
    os.makedirs(f"{root}/learner-{i:04d}", exist_ok=True)
    open(f"{root}/learner-{i:04d}/design.md", "w").write(text)
json.dump(planted, open(f"{root}/planted.json", "w"))
print(f"wrote {n} submissions, {len(planted)} planted copies")
