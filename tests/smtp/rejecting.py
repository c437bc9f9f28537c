"""An aiosmtpd handler for the mail tests: refuses for good (550) every recipient at
refused.example, refuses for now (451) every recipient at later.example, and accepts, then
discards, the rest."""


class Rejecting:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.endswith("@refused.example"):
            return "550 5.1.1 No such mailbox"
        if address.endswith("@later.example"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        return "250 Message accepted"
