-- The activity log's details as typed JSON: each row's `detail` becomes the whole action, e.g.
-- {"action": "role_changed", "from": "manager", "to": "administrator"} (`domain::activity`).
-- Before, a change was `old>new`, a field of activity or a procedure kind its bare code, a
-- renamed document its old name as typed, and only the data sheet's and member's edits JSON.
-- The log is append-only; its guard is lifted for this one rewrite, in this transaction.
DROP TRIGGER activity_never_updated;

UPDATE activity SET detail = CASE
    WHEN action IN ('role_changed', 'scope_changed') THEN json_object(
        'action', action,
        'from', substr(detail, 1, instr(detail, '>') - 1),
        'to', substr(detail, instr(detail, '>') + 1))
    WHEN action = 'profile_edited' THEN json_set(detail, '$.action', action)
    WHEN action = 'member_edited' THEN json_object('action', action, 'changes', json(detail))
    WHEN action = 'code_registered' THEN json_object(
        'action', action,
        'kind', substr(detail, 1, instr(detail, '>') - 1),
        'domain', substr(detail, instr(detail, '>') + 1))
    WHEN action IN ('mandate_revoked', 'certification_requested', 'mandate_codes_renewed')
        THEN json_object('action', action, 'domain', detail)
    WHEN action = 'mandate_end_set' THEN json_object(
        'action', action,
        'domain', substr(detail, 1, instr(detail, '>') - 1),
        'end', CAST(nullif(substr(detail, instr(detail, '>') + 1), '') AS INTEGER))
    WHEN action = 'mandate_scope_set' THEN json_object(
        'action', action,
        'domain', substr(detail, 1, instr(detail, '>') - 1),
        'scope', substr(detail, instr(detail, '>') + 1))
    WHEN action IN ('certification_approved', 'certification_rejected') THEN json_object(
        'action', 'certification_decided',
        'domain', detail,
        'approved', json(CASE action WHEN 'certification_approved' THEN 'true' ELSE 'false' END))
    WHEN action IN ('procedure_started', 'procedure_saved', 'procedure_signed', 'procedure_submitted')
        THEN json_object('action', action, 'kind', detail)
    WHEN action = 'document_renamed' THEN json_object('action', action, 'from', detail)
    ELSE json_object('action', action)
END;

UPDATE activity SET action = 'certification_decided'
WHERE action IN ('certification_approved', 'certification_rejected');

CREATE TRIGGER activity_never_updated BEFORE UPDATE ON activity
BEGIN SELECT RAISE(ABORT, 'the activity log is append-only'); END;
