"""Talking to a real LiveChat account: the Agent Chat Web API (v3.4 to v3.7) over HTTPS.

    from playground.live import client, outgoing
    creds = client.parse_token("<account_id>:<personal access token>")   # or its Base64, or "Bearer ..."
    api = client.Client(creds, version="3.6")          # base URL: $LIVECHAT_API_URL or LiveChat's
    page = api.list_chats(filters={"active": True}, limit=10)
    ready = outgoing.prepare_event(text, version="3.6")  # validated as a request, server keys stripped
    if ready.sendable:
        api.send_event(chat_id, ready.event)            # {"event_id": "..."}

A core package: no Streamlit. The HTTP library is `requests` (already installed as a Streamlit
dependency, so the playground adds nothing; synchronous, which is what a Streamlit script run and
the CLI need, with connect/read timeouts and a Session for connection reuse). Secrets never leave
`client.Credentials`: its repr, the client's repr, every exception text and every logged request
show the token as ***.
"""
