using Platform.Retrieval.Search;

namespace Platform.Retrieval.Tests.Search;

public sealed class CursorIdentifiersTests
{
    [Fact]
    public void Identifiers_nearest_the_cursor_come_first_once_each_as_the_index_spells_them()
    {
        var window = "import json\nfrom billing import TaxTable\n\ndef total(order):\n    table = TaxTable.load()\n    return compute_sales_tax(order, table";
        Assert.Equal(["table", "order", "compute_sales_tax", "load", "taxtable", "total", "billing", "json"], CursorIdentifiers.Extract(window, 24));
    }

    [Fact]
    public void Keywords_short_names_and_numbers_are_left_out_and_the_count_is_capped()
    {
        Assert.Equal(["gamma", "beta"], CursorIdentifiers.Extract("alpha beta gamma", 2));
        Assert.Empty(CursorIdentifiers.Extract("if x: return None  # 42 self.__init__ for i in", 10));
    }
}
