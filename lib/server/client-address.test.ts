import { describe, expect, it } from "vitest";
import { clientAddress, parseTrustedProxies } from "./client-address";

const none = parseTrustedProxies("")!;
const proxies = parseTrustedProxies("10.0.0.0/8, 192.168.1.7, fd00::/8")!;

describe("client address (ONSALE.md: the peer, or the right-most X-Forwarded-For entry a trusted proxy added)", () => {
  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress("203.0.113.5", "1.2.3.4", none)).toBe("203.0.113.5");
    expect(clientAddress("::ffff:203.0.113.5", undefined, none)).toBe("203.0.113.5");
  });

  it("is the entry the trusted proxy appended, never one the client wrote before it", () => {
    // The client sent "X-Forwarded-For: 6.6.6.6"; the proxy appended the address it saw.
    expect(clientAddress("10.1.2.3", "6.6.6.6, 198.51.100.9", proxies)).toBe("198.51.100.9");
    expect(clientAddress("::ffff:10.1.2.3", ["6.6.6.6", "198.51.100.9"], proxies)).toBe("198.51.100.9");
  });

  it("walks through a chain of trusted proxies to the first untrusted address", () => {
    expect(clientAddress("10.0.0.1", "6.6.6.6, 198.51.100.9, 192.168.1.7, 10.9.9.9", proxies)).toBe("198.51.100.9");
    expect(clientAddress("fd00::1", "2001:db8::7", proxies)).toBe("2001:db8::7");
  });

  it("stops at the proxy when it forwarded no usable address", () => {
    expect(clientAddress("10.0.0.1", undefined, proxies)).toBe("10.0.0.1");
    expect(clientAddress("10.0.0.1", "", proxies)).toBe("10.0.0.1");
    expect(clientAddress("10.0.0.1", "6.6.6.6, not-an-ip", proxies)).toBe("10.0.0.1");
    expect(clientAddress("10.0.0.1", "10.0.0.2", proxies)).toBe("10.0.0.2");
  });

  it("parses addresses and CIDR ranges of both families, and refuses anything else", () => {
    expect(parseTrustedProxies("")).not.toBeNull();
    expect(parseTrustedProxies(" 127.0.0.1 , ::1 , 172.16.0.0/12 ")).not.toBeNull();
    for (const bad of ["localhost", "10.0.0.0/33", "::/129", "10.0.0.0/8/1", "10.0.0.0/x", "1.2.3"]) {
      expect(parseTrustedProxies(bad), bad).toBeNull();
    }
    expect(proxies.check("10.255.0.1")).toBe(true);
    expect(proxies.check("11.0.0.1")).toBe(false);
    expect(proxies.check("::ffff:192.168.1.7")).toBe(true);
  });
});
