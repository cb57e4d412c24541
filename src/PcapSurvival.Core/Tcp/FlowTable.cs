using System.Runtime.CompilerServices;

namespace PcapSurvival.Core.Tcp;

/// <summary>
/// The live connections by key: open addressing with linear probing over (hash, connection) slots. A lookup reads
/// one slot and compares the key inside the connection, which the packet's analysis reads next anyway; the 56-byte
/// key is never copied. (A Dictionary copies the key into every call, and reads a bucket and then an entry.)
/// </summary>
internal sealed class FlowTable
{
    private const int InitialSlots = 1024;

    private Slot[] _slots = new Slot[InitialSlots];
    private int _mask = InitialSlots - 1;

    public int Count { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Connection? Find(in FlowKey key)
    {
        int i = IndexOf(key);
        return i < 0 ? null : _slots[i].Connection;
    }

    /// <summary>Adds <paramref name="connection"/> under its key; returns the connection it replaces there, if any.</summary>
    public Connection? Set(Connection connection)
    {
        if (2 * (Count + 1) > _slots.Length)
        {
            Grow();
        }

        return Place(_slots, _mask, connection, counts: true);
    }

    /// <summary>Removes the connection of <paramref name="key"/>, if there is one.</summary>
    public bool Remove(in FlowKey key)
    {
        int i = IndexOf(key);
        if (i < 0)
        {
            return false;
        }

        // Backward-shift deletion: move up every later entry of the run that could live at the freed slot, so that
        // no lookup stops early at a hole.
        int hole = i;
        for (int j = (hole + 1) & _mask; _slots[j].Connection is not null; j = (j + 1) & _mask)
        {
            int home = _slots[j].Hash & _mask;
            bool homeIsAfterHole = hole <= j ? home > hole && home <= j : home > hole || home <= j;
            if (!homeIsAfterHole)
            {
                _slots[hole] = _slots[j];
                hole = j;
            }
        }

        _slots[hole] = default;
        Count--;
        return true;
    }

    public List<Connection> ToList()
    {
        var all = new List<Connection>(Count);
        foreach (var slot in _slots)
        {
            if (slot.Connection is not null)
            {
                all.Add(slot.Connection);
            }
        }

        return all;
    }

    public void Clear()
    {
        Array.Clear(_slots);
        Count = 0;
    }

    /// <summary>The slot holding the connection of <paramref name="key"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int IndexOf(in FlowKey key)
    {
        int hash = key.GetHashCode();
        var slots = _slots;
        for (int i = hash & _mask; ; i = (i + 1) & _mask)
        {
            ref var slot = ref slots[i];
            if (slot.Connection is null)
            {
                return -1;
            }

            if (slot.Hash == hash && slot.Connection.HasKey(key))
            {
                return i;
            }
        }
    }

    private Connection? Place(Slot[] slots, int mask, Connection connection, bool counts)
    {
        int hash = connection.Key.GetHashCode();
        for (int i = hash & mask; ; i = (i + 1) & mask)
        {
            ref var slot = ref slots[i];
            if (slot.Connection is null)
            {
                slot = new Slot(hash, connection);
                Count += counts ? 1 : 0;
                return null;
            }

            if (slot.Hash == hash && slot.Connection.HasKey(connection.Key))
            {
                var replaced = slot.Connection;
                slot = new Slot(hash, connection);
                return replaced;
            }
        }
    }

    private void Grow()
    {
        var slots = new Slot[_slots.Length * 2];
        int mask = slots.Length - 1;
        foreach (var slot in _slots)
        {
            if (slot.Connection is not null)
            {
                Place(slots, mask, slot.Connection, counts: false);
            }
        }

        _slots = slots;
        _mask = mask;
    }

    private readonly record struct Slot(int Hash, Connection? Connection);
}
