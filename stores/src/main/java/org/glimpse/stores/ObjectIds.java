package org.glimpse.stores;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glimpse.core.error.BadRequestException;

/**
 * The image ids a store accepts as object names, and how stores name an upload's objects. Glance's
 * ids are UUIDs; anything else must still be a plain, short name that cannot steer a path or key:
 * ASCII letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters,
 * without "..". The leading letter or digit also keeps ids apart from a store's hidden temporary
 * names. Upload ids are letters and digits only, at most 64.
 *
 * <p>Each upload's data is the object {@code <image-id>~<upload-id>} — '~' is in no image id, so a
 * name always tells its image and upload apart — and data written before uploads were named is the
 * object {@code <image-id>}.
 */
public final class ObjectIds {
  private static final String ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
  private static final Pattern SAFE = Pattern.compile(ID);
  private static final Pattern UPLOAD = Pattern.compile("[A-Za-z0-9]{1,64}");
  private static final Pattern DATA = Pattern.compile("(" + ID + ")(?:~([A-Za-z0-9]{1,64}))?");
  private static final char SEPARATOR = '~';

  private ObjectIds() {}

  /** The image and upload an object name stands for; {@code uploadId} null for unnamed data. */
  public record DataName(String imageId, String uploadId) {
    public String name() {
      return uploadId == null ? imageId : imageId + SEPARATOR + uploadId;
    }
  }

  public static boolean isValid(String id) {
    return id != null && SAFE.matcher(id).matches() && !id.contains("..");
  }

  /** Returns {@code id} when valid, otherwise throws BadRequestException. */
  public static String require(String id) {
    if (!isValid(id)) {
      throw new BadRequestException("Invalid image id for storage: " + printable(id));
    }
    return id;
  }

  /** Returns {@code uploadId} when valid, otherwise throws IllegalArgumentException (a caller's bug). */
  public static String requireUpload(String uploadId) {
    if (uploadId == null || !UPLOAD.matcher(uploadId).matches()) {
      throw new IllegalArgumentException("Invalid upload id for storage: " + printable(uploadId));
    }
    return uploadId;
  }

  /** The name of the data upload {@code uploadId} writes for the image. */
  public static DataName dataName(String imageId, String uploadId) {
    return new DataName(require(imageId), requireUpload(uploadId));
  }

  /** The image and upload a data object's name stands for, if it is one. */
  public static Optional<DataName> parseData(String name) {
    if (name == null) {
      return Optional.empty();
    }
    Matcher m = DATA.matcher(name);
    if (!m.matches() || !isValid(m.group(1))) {
      return Optional.empty();
    }
    return Optional.of(new DataName(m.group(1), m.group(2)));
  }

  private static String printable(String id) {
    if (id == null) {
      return "null";
    }
    String shown = id.length() > 80 ? id.substring(0, 80) + "..." : id;
    return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
  }
}
