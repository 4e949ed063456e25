using Platform.Gateway.Admin;

namespace Platform.Gateway.Tests.Admin;

public sealed class AdminBodyTests
{
    [Theory]
    [InlineData("default")]
    [InlineData("a")]
    [InlineData("Team_42-prod")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Ids_of_letters_digits_dashes_and_underscores_up_to_64_are_valid(string id) => Assert.True(AdminBody.ValidId(id));

    [Theory]
    [InlineData("")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("team.prod")]
    [InlineData("team prod")]
    [InlineData("team/prod")]
    [InlineData("équipe")]
    [InlineData("plan:pro")]
    [InlineData("pro\n")]
    public void Other_ids_are_invalid(string id) => Assert.False(AdminBody.ValidId(id));
}
