using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Inference.Engine;

/// <summary>
/// Chained content hashes of full KV blocks: hash(parent, tokens), rooted in the tenant's cache salt so that equal
/// prompts of different tenants never map to the same block. 128 bits of SHA-256, because a collision would
/// silently serve one request's KV to another.
/// </summary>
internal static class BlockHasher
{
    private const int HashBytes = 16;

    public static UInt128 Root(string cacheSalt)
    {
        var bytes = Encoding.UTF8.GetBytes("platform-kv-block-v1\n" + cacheSalt);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, digest);
        return BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }

    public static UInt128 Hash(UInt128 parent, ReadOnlySpan<int> tokenIds)
    {
        int length = HashBytes + (tokenIds.Length * sizeof(int));
        byte[]? rented = length > 1024 ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> buffer = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        try
        {
            BinaryPrimitives.WriteUInt128LittleEndian(buffer, parent);
            var tokens = buffer[HashBytes..];
            if (BitConverter.IsLittleEndian)
            {
                MemoryMarshal.AsBytes(tokenIds).CopyTo(tokens);
            }
            else
            {
                for (int i = 0; i < tokenIds.Length; i++)
                {
                    BinaryPrimitives.WriteInt32LittleEndian(tokens[(i * sizeof(int))..], tokenIds[i]);
                }
            }

            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer, digest);
            return BinaryPrimitives.ReadUInt128LittleEndian(digest);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
