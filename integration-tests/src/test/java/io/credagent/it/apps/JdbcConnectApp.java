package io.credagent.it.apps;

import java.sql.Connection;
import java.sql.DriverManager;

/**
 * An unmodified JDBC program: opens a connection to the URL it is given (the driver is found by
 * the JDBC service loader). Prints {@code CONNECTED}; on any exception
 * {@code ERROR=<class>: <message>} and {@code CAUSE=<class>: <message>} for each cause, exit code 3.
 */
public final class JdbcConnectApp {
    private JdbcConnectApp() {
    }

    public static void main(String[] args) {
        try (Connection connection = DriverManager.getConnection(args[0])) {
            System.out.println("CONNECTED");
        } catch (Exception e) {
            System.out.println("ERROR=" + e.getClass().getName() + ": " + e.getMessage());
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                System.out.println("CAUSE=" + cause.getClass().getName() + ": " + cause.getMessage());
            }
            System.out.flush();
            System.exit(3);
        }
        System.exit(0);
    }
}
