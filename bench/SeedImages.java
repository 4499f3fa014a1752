import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Seeds a stopped Glimpse's database with image records for bench/list-bench.sh, over JDBC
 * (single-file program: {@code java -cp glimpse-api.jar bench/SeedImages.java JDBC_URL TOTAL
 * PROJECT [--analyze]}) on H2, PostgreSQL or MariaDB (batched inserts, committed every 2,000
 * images; PostgreSQL's driver rewrites each batch into multi-row INSERTs). The server must have
 * run once on that database so its migrations made the schema. Deterministic (fixed random seed).
 * The planner statistics are left as a bulk load leaves them (stale) unless {@code --analyze}
 * is given: listings must not depend on someone running ANALYZE (H2 is always analyzed, as its
 * own ANALYZE_AUTO would do during a server's load).
 *
 * <p>The caller PROJECT owns 10 images (4 private, 4 shared, 2 public) and has 5 images of other
 * projects shared with it (accepted), plus 3 pending and 2 rejected memberships that the default
 * list must not show. Five more public images belong to other projects. So PROJECT sees 20 images
 * in its default list at every size, fewer than a page of 25: the server has to rule out every
 * other row. The remaining TOTAL - 27 images belong to 1,000 other projects: 60% private, 33%
 * shared, 5% community (not in a default list), 2% deleted; a third of the shared ones have 1-3
 * memberships of other projects (pending, accepted or rejected). Creation times are spread
 * uniformly over a year, the caller's images among them at random. Every image has 3 properties
 * and 1 tag. Its row's copy of them (images.children) is left NULL, as a database migrated from
 * before that column leaves it: the server writes the copies when it starts.
 */
public class SeedImages {
  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: SeedImages JDBC_URL TOTAL PROJECT [--analyze]");
      System.exit(2);
    }
    String url = args[0];
    boolean h2 = url.startsWith("jdbc:h2:");
    boolean analyze = h2 || (args.length > 3 && args[3].equals("--analyze"));
    if (url.startsWith("jdbc:postgresql:") && !url.contains("reWriteBatchedInserts")) {
      url += (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
    }
    String valueColumn = h2 ? "\"VALUE\"" : "value";
    int total = Integer.parseInt(args[1]);
    String me = args[2];
    Random rnd = new Random(20240601L);
    Instant end = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    long spanMs = 365L * 24 * 3600 * 1000;

    record Img(String id, String owner, String visibility, boolean deleted) {}
    List<Img> images = new ArrayList<>(total);
    List<String[]> members = new ArrayList<>(); // image, member, status
    for (int i = 0; i < 10; i++) {
      images.add(new Img(uuid(rnd), me, i < 4 ? "private" : i < 8 ? "shared" : "public", false));
    }
    for (int i = 0; i < 5; i++) {
      Img img = new Img(uuid(rnd), "proj-" + rnd.nextInt(1000), "shared", false);
      images.add(img);
      members.add(new String[] {img.id, me, "accepted"});
    }
    for (int i = 0; i < 5; i++) {
      Img img = new Img(uuid(rnd), "proj-" + rnd.nextInt(1000), "shared", false);
      images.add(img);
      members.add(new String[] {img.id, me, i < 3 ? "pending" : "rejected"});
    }
    for (int i = 0; i < 5; i++) {
      images.add(new Img(uuid(rnd), "proj-" + rnd.nextInt(1000), "public", false));
    }
    String[] statuses = {"pending", "accepted", "rejected"};
    while (images.size() < total) {
      int r = rnd.nextInt(100);
      String owner = "proj-" + rnd.nextInt(1000);
      Img img;
      if (r < 60) {
        img = new Img(uuid(rnd), owner, "private", false);
      } else if (r < 93) {
        img = new Img(uuid(rnd), owner, "shared", false);
        if (rnd.nextInt(3) == 0) {
          int n = 1 + rnd.nextInt(3);
          for (int k = 0; k < n; k++) {
            String member = "proj-" + (1000 + rnd.nextInt(1000)) + "-" + k;
            members.add(new String[] {img.id, member, statuses[rnd.nextInt(3)]});
          }
        }
      } else if (r < 98) {
        img = new Img(uuid(rnd), owner, "community", false);
      } else {
        img = new Img(uuid(rnd), owner, rnd.nextBoolean() ? "private" : "public", true);
      }
      images.add(img);
    }
    Collections.shuffle(images, rnd);
    // created_at comes from the shuffle order below; insert in id order, which keeps the B-tree
    // inserts of the primary key and the (image_id, ...) indexes appends
    List<Instant> times = new ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      times.add(end.minusMillis((long) (rnd.nextDouble() * spanMs)));
    }
    images.sort((a, b) -> a.id.compareTo(b.id));

    String user = url.startsWith("jdbc:h2:") ? "" : url.startsWith("jdbc:postgresql:") ? "postgres" : "root";
    try (Connection c = DriverManager.getConnection(url, user, "")) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
          "SELECT COUNT(*) FROM images")) {
        rs.next();
        if (rs.getLong(1) != 0) {
          throw new IllegalStateException("the images table is not empty");
        }
      }
      try (PreparedStatement ins = c.prepareStatement(
              "INSERT INTO images (id, name, status, visibility, protected, os_hidden, checksum,"
                  + " os_hash_algo, os_hash_value, size, virtual_size, min_disk, min_ram,"
                  + " disk_format, container_format, owner, location, created_at, updated_at,"
                  + " deleted_at, deleted) VALUES (?,?,?,?,FALSE,FALSE,?,?,?,?,?,0,0,?,?,?,?,?,?,?,?)");
          PreparedStatement prop = c.prepareStatement(
              "INSERT INTO image_properties (image_id, name, " + valueColumn + ") VALUES (?,?,?)");
          PreparedStatement tag = c.prepareStatement(
              "INSERT INTO image_tags (image_id, " + valueColumn + ") VALUES (?,?)")) {
        int n = 0;
        for (Img img : images) {
          Instant created = times.get(n);
          Timestamp ts = Timestamp.from(created);
          long size = 1_000_000L + rnd.nextInt(1_000_000_000);
          ins.setString(1, img.id);
          ins.setString(2, "image-" + n);
          ins.setString(3, img.deleted ? "deleted" : "active");
          ins.setString(4, img.visibility);
          ins.setString(5, hex(rnd, 32));
          ins.setString(6, "sha512");
          ins.setString(7, hex(rnd, 128));
          ins.setLong(8, size);
          ins.setLong(9, size);
          ins.setString(10, "qcow2");
          ins.setString(11, "bare");
          ins.setString(12, img.owner);
          ins.setString(13, "file:///var/lib/glimpse/images/" + img.id);
          ins.setTimestamp(14, ts);
          ins.setTimestamp(15, ts);
          ins.setTimestamp(16, img.deleted ? ts : null);
          ins.setBoolean(17, img.deleted);
          ins.addBatch();
          String[][] props = {{"os_distro", n % 2 == 0 ? "ubuntu" : "fedora"},
              {"hw_disk_bus", "virtio"}, {"bench_seq", Integer.toString(n)}};
          for (String[] p : props) {
            prop.setString(1, img.id);
            prop.setString(2, p[0]);
            prop.setString(3, p[1]);
            prop.addBatch();
          }
          tag.setString(1, img.id);
          tag.setString(2, "bench");
          tag.addBatch();
          if (++n % 2000 == 0) {
            ins.executeBatch();
            prop.executeBatch();
            tag.executeBatch();
            c.commit();
          }
        }
        ins.executeBatch();
        prop.executeBatch();
        tag.executeBatch();
      }
      try (PreparedStatement mem = c.prepareStatement(
          "INSERT INTO image_members (image_id, member, status, can_share, created_at, updated_at,"
              + " deleted) VALUES (?,?,?,FALSE,?,?,FALSE)")) {
        Timestamp now = Timestamp.from(end);
        for (String[] m : members) {
          mem.setString(1, m[0]);
          mem.setString(2, m[1]);
          mem.setString(3, m[2]);
          mem.setTimestamp(4, now);
          mem.setTimestamp(5, now);
          mem.addBatch();
        }
        mem.executeBatch();
      }
      c.commit();
      if (analyze) {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
          s.execute(url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")
              ? "ANALYZE TABLE images, image_members, image_properties, image_tags" : "ANALYZE");
        }
      }
    }
    System.out.printf("seeded %d images (%d memberships); %s owns 10, has 5 shared with it%s%n",
        images.size(), members.size(), me, analyze ? "" : "; statistics not refreshed");
  }

  static String uuid(Random rnd) {
    return new UUID(rnd.nextLong(), rnd.nextLong()).toString();
  }

  static String hex(Random rnd, int len) {
    StringBuilder b = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      b.append(Character.forDigit(rnd.nextInt(16), 16));
    }
    return b.toString();
  }
}
