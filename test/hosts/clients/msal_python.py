# MSAL Python (Debian python3-msal 1.21) with its defaults, run inside the hosts namespace by
# test/hosts/hosts-mode.test.ts: the authority is https://login.microsoftonline.com/<tenant>, no
# validate_authority / instance_discovery settings; the only setting is the CA (REQUESTS_CA_BUNDLE).
# Usage: /usr/bin/python3 msal_python.py <mode> '<json arguments>'. Prints JSON lines; the last one
# is the result (MSAL Python returns errors as dicts, printed as they are).

import json
import sys

import msal


def out(obj):
    print(json.dumps(obj), flush=True)


def main():
    mode, args = sys.argv[1], json.loads(sys.argv[2])
    authority = "https://login.microsoftonline.com/" + args["tenant"]
    scopes = args["scopes"]

    if mode == "client-credentials":
        app = msal.ConfidentialClientApplication(args["clientId"], client_credential=args["secret"], authority=authority)
        out(app.acquire_token_for_client(scopes=scopes))
        return

    app = msal.PublicClientApplication(args["clientId"], authority=authority)

    if mode == "ropc":
        # The user-realm lookup goes to https://login.microsoftonline.com/common/userrealm/<upn> (port 443).
        out(app.acquire_token_by_username_password(args["username"], args["password"], scopes=scopes))
    elif mode == "ropc-refresh":
        first = app.acquire_token_by_username_password(args["username"], args["password"], scopes=scopes)
        out({"step": "ropc", "result": first})
        accounts = app.get_accounts(username=args["username"])
        out({"step": "accounts", "accounts": accounts})
        if not accounts:
            out({"error": "no_account", "error_description": "get_accounts found no account after ROPC"})
            return
        # force_refresh skips the cached access token: a refresh_token grant on the wire.
        out(app.acquire_token_silent_with_error(scopes, account=accounts[0], force_refresh=True))
    elif mode == "device-code":
        flow = app.initiate_device_flow(scopes=scopes)
        out({"step": "flow", "flow": {k: v for k, v in flow.items() if k != "device_code"}})
        if "user_code" not in flow:
            return
        out(app.acquire_token_by_device_flow(flow))
    else:
        out({"error": "unknown_mode", "error_description": mode})


main()
