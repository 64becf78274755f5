using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ConnecXPortal.Bench.Hosting;

/// <summary>
/// A throwaway TLS certificate for 127.0.0.1, made in memory. The portal marks its cookies Secure outside
/// Development, so the benchmark speaks HTTPS to it like a browser would; clients trust exactly this certificate.
/// </summary>
public static class BenchCertificate
{
    public static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));

        // An ephemeral key cannot serve TLS on every platform; a PKCS#12 round trip gives it a usable one.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>An HTTP handler that trusts only the certificate with <paramref name="thumbprint"/>, follows no redirects and keeps no cookies.</summary>
    public static SocketsHttpHandler PinnedHandler(string thumbprint, int maxConnections = int.MaxValue) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && string.Equals(certificate.GetCertHashString(), thumbprint, StringComparison.OrdinalIgnoreCase),
        },
    };
}
