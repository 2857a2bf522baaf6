using System.Collections;
using System.Runtime.CompilerServices;

namespace Study.Futures;

/// <summary>
/// An enumeration that keeps nothing it has handed out, as CPython's <c>map</c> and <c>as_completed</c> generators
/// keep nothing they have yielded (<c>test_free_reference</c>, <c>test_free_reference_yielded_future</c>): once the
/// caller has read an item and dropped it, the item can be collected while the enumeration goes on.
/// </summary>
/// <remarks>
/// A C# iterator cannot do this: its <c>Current</c> holds the last item until the next <c>MoveNext</c>, and its
/// hoisted locals until it ends. So the producer yields each item in a box (one box, filled again for each item), which
/// this enumerator empties as it takes the item; <see cref="IEnumerator{T}.Current"/> holds the item strongly until its first read (so that nothing is
/// lost to a collection between <c>MoveNext</c> and <c>Current</c>) and weakly after it. Reading <c>Current</c> again
/// after dropping every reference to the item gives <c>default</c>; <c>foreach</c> and LINQ read it once.
/// </remarks>
internal sealed class Handover<T>(IEnumerable<StrongBox<T>> boxes) : IEnumerable<T>
{
    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator() => new Enumerator(boxes.GetEnumerator());

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Enumerator(IEnumerator<StrongBox<T>> source) : IEnumerator<T>
    {
        private static readonly bool s_weak = !typeof(T).IsValueType;
        private T? _strong;
        private WeakReference? _weak;
        private bool _read = true;

        public T Current
        {
            get
            {
                if (!_read)
                {
                    _read = true;
                    var item = _strong;
                    if (s_weak)
                    {
                        _weak = item is null ? null : new WeakReference(item);
                        _strong = default;
                    }

                    return item!;
                }

                return s_weak ? (T)_weak?.Target! : _strong!;
            }
        }

        object? IEnumerator.Current => Current;

        public bool MoveNext()
        {
            _strong = default;
            _weak = null;
            if (!source.MoveNext())
            {
                return false;
            }

            var box = source.Current;
            _strong = box.Value;
            box.Value = default!;
            _read = false;
            return true;
        }

        public void Reset() => throw new NotSupportedException();

        public void Dispose()
        {
            _strong = default;
            _weak = null;
            source.Dispose();
        }
    }
}
