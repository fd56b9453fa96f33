/*
 * Amazon DynamoDB Local, bound to the loopback interface only, and alive only as long as the
 * process that started it (local/services/dynamodb-local.ts compiles and runs this class).
 *
 * DynamoDBLocal.jar has no bind option: its DynamoDBProxyServer builds a Jetty Server for a port
 * alone, which listens on every interface. This class builds the server as the jar's own main
 * does (ServerRunner.createServerFromCommandLineArgs, the same command-line options), sets the
 * host of its Jetty connector before it starts, and starts it.
 *
 * With -Dpatchpromise.exitWithParent=true it also exits when its standard input reaches its end:
 * the parent holds the other end of that pipe, so when the parent goes (stopped, crashed, or
 * killed with SIGKILL) DynamoDB Local goes too, and its port is freed.
 */
import java.io.IOException;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public final class LoopbackDynamoDbLocal {
  private LoopbackDynamoDbLocal() {}

  public static void main(String[] args) throws Exception {
    String host = System.getProperty("patchpromise.bindHost", "127.0.0.1");
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    Connector[] connectors = server.getConnectors();
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind");
    for (Connector connector : connectors) {
      if (!(connector instanceof ServerConnector)) {
        throw new IllegalStateException("unexpected Jetty connector " + connector.getClass().getName());
      }
      ((ServerConnector) connector).setHost(host);
    }
    if (Boolean.getBoolean("patchpromise.exitWithParent")) exitWithParent();
    proxy.start();
    System.out.println("DynamoDB Local listening on " + host);
  }

  private static void exitWithParent() {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                while (System.in.read() != -1) {
                  // the parent writes nothing: only the end of the stream matters
                }
              } catch (IOException ignored) {
                // a broken pipe is the parent gone too
              }
              System.exit(0);
            },
            "exit-with-parent");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
