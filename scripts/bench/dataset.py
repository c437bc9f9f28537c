"""Fills an eSpace database (schema made by the server's own migrations) with a large dataset:
PERSONS persons with a certificate each, ESPACES eSpaces each with its owner as administrator,
eSpace e0000000 with MEMBERS more members (managers and members without signature), and
eSpace e0000001 with SAME (500) members whatever the size, where p0000000 is administrator too:
the list and search latency of one eSpace size on a small and a large database. Access codes in
proportion: each eSpace certified for tax (its owner code, used), and one eSpace in ten holding
the tax mandate of the next one (a proxy code, used).

    python3 scripts/bench/dataset.py DB PERSONS ESPACES MEMBERS
"""
import sqlite3
import sys

db, persons, espaces, members = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
SAME = 500
assert espaces <= persons and members < persons and SAME < persons and espaces >= 2
con = sqlite3.connect(db)
con.executescript("PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;")
steps = [
    ("persons", f"""
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {persons - 1})
INSERT INTO persons (id, given_name, family_name, email, created_at)
SELECT printf('p%07d', i), 'Given' || i, 'Family' || i, 'person' || i || '@example.lu', 1700000000 FROM n"""),
    ("certificates", f"""
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {persons - 1})
INSERT INTO certificates (ssn, person_id, product, valid_until)
SELECT printf('9%019d', i), printf('p%07d', i), 'luxtrust_smartcard', 4102444800 FROM n"""),
    ("espaces", f"""
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {espaces - 1})
INSERT INTO espaces (id, name, procedure_language, owner_person_id, created_at)
SELECT printf('e%07d', i), 'Entreprise ' || i || ' S.A.', 'fr', printf('p%07d', i), 1700000000 FROM n"""),
    ("owners", f"""
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {espaces - 1})
INSERT INTO members (id, espace_id, person_id, given_name, family_name, email, invited_ssn,
                     access_scope, role, status, invited_by, created_at)
SELECT printf('m%07d', i), printf('e%07d', i), printf('p%07d', i), 'Given' || i, 'Family' || i,
       'person' || i || '@example.lu', printf('9%019d', i), 'all_certificates', 'administrator',
       'active', NULL, 1700000000 FROM n"""),
    ("members of e0000000", f"""
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {members})
INSERT INTO members (id, espace_id, person_id, given_name, family_name, email, invited_ssn,
                     access_scope, role, status, invited_by, created_at)
SELECT printf('b%07d', i), 'e0000000', printf('p%07d', i), 'Given' || i, 'Family' || i,
       'person' || i || '@example.lu', printf('9%019d', i), 'this_certificate',
       CASE i % 2 WHEN 0 THEN 'manager' ELSE 'without_signature' END, 'active', 'p0000000',
       1700000000 FROM n"""),
    ("members of e0000001", f"""
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i <= {SAME})
INSERT INTO members (id, espace_id, person_id, given_name, family_name, email, invited_ssn,
                     access_scope, role, status, invited_by, created_at)
SELECT printf('c%07d', i), 'e0000001', printf('p%07d', i % {SAME}), 'Given' || (i % {SAME}),
       'Family' || (i % {SAME}), 'person' || (i % {SAME}) || '@example.lu',
       printf('9%019d', i % {SAME}), 'this_certificate',
       CASE WHEN i = {SAME} THEN 'administrator' WHEN i % 2 = 0 THEN 'manager' ELSE 'without_signature' END,
       'active', 'p0000001', 1700000000 FROM n WHERE i % {SAME} <> 1"""),
    ("owner codes", f"""
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {espaces - 1})
INSERT INTO access_codes (id, code_hash, company_national_id, domain, kind, activation_deadline,
                          issued_at, issued_by, used_at, used_by_espace)
SELECT printf('o%07d', i), printf('owner-hash-%07d', i), printf('2%010d', i), 'tax', 'owner',
       1800000000, 1700000000, 'bench', 1700000000, printf('e%07d', i) FROM n"""),
    ("proxy codes", f"""
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 10 FROM n WHERE i < {espaces - 2})
INSERT INTO access_codes (id, code_hash, company_national_id, domain, kind, activation_deadline,
                          issued_at, issued_by, used_at, used_by_espace)
SELECT printf('x%07d', i), printf('proxy-hash-%07d', i), printf('2%010d', i + 1), 'tax', 'proxy',
       1800000000, 1700000000, 'bench', 1700000000, printf('e%07d', i) FROM n"""),
    # the server splits the members' names into search words at its next start
    ("search words", "INSERT OR IGNORE INTO pending_tasks (task) VALUES ('index_member_words')"),
]
for name, sql in steps:
    con.execute(sql)
    con.commit()
con.execute("ANALYZE")
con.commit()
con.close()
