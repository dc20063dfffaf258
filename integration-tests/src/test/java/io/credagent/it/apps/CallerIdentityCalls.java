package io.credagent.it.apps;

/**
 * The output protocol every test app shares, so the apps themselves stay what a real program would
 * write: build a client, call it. Prints {@code ARN=<arn>} per call; on any exception prints
 * {@code ERROR=<class>: <message>} and exits with 3.
 */
public final class CallerIdentityCalls {

    /** One GetCallerIdentity call through the app's own client, returning the caller's ARN. */
    interface Call {
        String arn() throws Exception;
    }

    /** Something that builds the app's client (and may fail doing so, as a real app would). */
    interface Client {
        Call open() throws Exception;
    }

    private CallerIdentityCalls() {
    }

    static void run(int calls, Client client) {
        try {
            Call call = client.open();
            for (int i = 0; i < calls; i++) {
                System.out.println("ARN=" + call.arn());
            }
        } catch (Exception e) {
            System.out.println("ERROR=" + e.getClass().getName() + ": " + e.getMessage());
            System.out.flush();
            System.exit(3);
        }
        System.exit(0);
    }
}
