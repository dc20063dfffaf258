package io.credagent.it.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * An unmodified JDBC program: opens a connection to the URL it is given (the driver is found by
 * the JDBC service loader) and, given a query as its second argument, runs it. Prints
 * {@code CONNECTED}, then {@code ROW=<first column>} per row; on any exception
 * {@code ERROR=<class>: <message>} and {@code CAUSE=<class>: <message>} for each cause, exit code 3.
 */
public final class JdbcConnectApp {
    private JdbcConnectApp() {
    }

    public static void main(String[] args) {
        try (Connection connection = DriverManager.getConnection(args[0])) {
            System.out.println("CONNECTED");
            if (args.length > 1) {
                try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(args[1])) {
                    while (rows.next()) {
                        System.out.println("ROW=" + rows.getString(1));
                    }
                }
            }
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
