-- The activity log's details as typed JSON: each row's `detail` becomes the whole action, e.g.
-- {"action": "role_changed", "from": "manager", "to": "administrator"} (`domain::activity`).
-- Before, a change was `old>new`, a field of activity or a procedure kind its bare code, a
-- renamed document its old name as typed, and only the data sheet's and member's edits JSON.
-- The log is append-only; its guard is lifted for this one rewrite, in this transaction.
ALTER TABLE activity DISABLE TRIGGER activity_never_updated;

UPDATE activity SET detail = CASE
    WHEN action IN ('role_changed', 'scope_changed') THEN json_build_object(
        'action', action,
        'from', split_part(detail, '>', 1),
        'to', split_part(detail, '>', 2))::text
    WHEN action = 'profile_edited' THEN (detail::jsonb || jsonb_build_object('action', action))::text
    WHEN action = 'member_edited' THEN json_build_object('action', action, 'changes', detail::json)::text
    WHEN action = 'code_registered' THEN json_build_object(
        'action', action,
        'kind', split_part(detail, '>', 1),
        'domain', split_part(detail, '>', 2))::text
    WHEN action IN ('mandate_revoked', 'certification_requested', 'mandate_codes_renewed')
        THEN json_build_object('action', action, 'domain', detail)::text
    WHEN action = 'mandate_end_set' THEN json_build_object(
        'action', action,
        'domain', split_part(detail, '>', 1),
        'end', nullif(split_part(detail, '>', 2), '')::bigint)::text
    WHEN action = 'mandate_scope_set' THEN json_build_object(
        'action', action,
        'domain', split_part(detail, '>', 1),
        'scope', split_part(detail, '>', 2))::text
    WHEN action IN ('certification_approved', 'certification_rejected') THEN json_build_object(
        'action', 'certification_decided',
        'domain', detail,
        'approved', action = 'certification_approved')::text
    WHEN action IN ('procedure_started', 'procedure_saved', 'procedure_signed', 'procedure_submitted')
        THEN json_build_object('action', action, 'kind', detail)::text
    WHEN action = 'document_renamed' THEN json_build_object('action', action, 'from', detail)::text
    ELSE json_build_object('action', action)::text
END;

UPDATE activity SET action = 'certification_decided'
WHERE action IN ('certification_approved', 'certification_rejected');

ALTER TABLE activity ENABLE TRIGGER activity_never_updated;
